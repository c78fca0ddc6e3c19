/**
 * Where the server listens. The demo's accounts share a public password, so `--demo` stays on
 * this machine (127.0.0.1) unless HOST says otherwise; a real deployment listens everywhere.
 */
import type { AddressInfo } from 'node:net';

export function listenHost(host: string | undefined, demo: boolean): string {
	if (host) return host;
	return demo ? '127.0.0.1' : '0.0.0.0';
}

/** The line printed once listening, from the address the socket really has. */
export function listeningMessage(address: AddressInfo): string {
	const { address: ip, port } = address;
	if (ip === '0.0.0.0' || ip === '::')
		return `medpair is listening on all network interfaces, port ${port}: http://localhost:${port}`;
	const host = address.family === 'IPv6' ? `[${ip}]` : ip;
	return `medpair is running at http://${host}:${port}`;
}
