// Run after `npm install` / `npm ci` (package.json "postinstall"): npm never links a project's
// own `bin` into node_modules/.bin, so `npx medpair` had to search the whole dependency tree
// for it (about 1.2 s before every command). A link there lets npx find it at once. Plain
// JavaScript, so it runs on whichever Node runs npm.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';

mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/medpair', { force: true });
symlinkSync('../../src/cli/bin.js', 'node_modules/.bin/medpair');
