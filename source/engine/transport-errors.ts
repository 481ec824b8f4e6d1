// One line naming the real cause when the way to the engine fails: the ssh client's
// own errors (it exits 255), the remote `docker system dial-stdio` (exit 127: no docker
// CLI; otherwise its "dial unix …" line), and TLS handshakes. Pure: tested on the texts
// OpenSSH 9, docker 20.10 and Node's TLS produce.

export type TransportFailure = {code: TransportCode; message: string};

export type TransportCode =
	| 'SSH_HOSTKEY_UNKNOWN'
	| 'SSH_HOSTKEY_CHANGED'
	| 'SSH_AUTH'
	| 'SSH_UNREACHABLE'
	| 'SSH_FAILED'
	| 'SSH_NO_DOCKER'
	| 'SSH_ENGINE_DOWN'
	| 'SSH_SOCKET_PERMISSION'
	| 'SSH_DIAL_FAILED'
	| 'TLS_UNTRUSTED'
	| 'TLS_HOSTNAME'
	| 'TLS_CLIENT_CERT'
	| 'TLS_NOT_TLS'
	| 'TLS_REQUIRED'
	| 'TLS_FILES';

/** The error a transport raises: `code` is one of the above, `message` the whole line. */
export class TransportError extends Error {
	override name = 'TransportError';
	constructor(
		readonly code: TransportCode,
		message: string,
	) {
		super(message);
	}
}

export const isTransportCode = (code: unknown): code is TransportCode => typeof code === 'string' && /^(SSH|TLS)_[A-Z_]+$/.test(code);

/** The cause without "ssh to X: " / "TLS to X: " (for the status line, which names X already). */
export const briefOf = (line: string): string => line.replace(/^(?:ssh|TLS) to \S+?(?::| works, but) /, '');

/** What a remote host said, made safe for one terminal line: no control characters, bounded. */
export function cleanRemoteText(text: string): string {
	return text
		.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 200);
}

/** The last meaningful line of a tool's stderr (ssh prints banners and warnings first). */
function lastLine(text: string): string {
	const lines = text
		.split(/\r?\n/)
		.map(l => l.trim())
		.filter(l => l && !/^@+$/.test(l));
	return cleanRemoteText(lines.at(-1) ?? '');
}

/**
 * Why `ssh … docker system dial-stdio` ended before the engine answered.
 * `where` names the destination as the user gave it (e.g. "ssh://dockerhost").
 */
export function classifySshExit(where: string, exitCode: number | null, signal: string | null, stderr: string): TransportFailure {
	const text = stderr.replace(/\r/g, '');
	const said = lastLine(text);
	if (exitCode === 255 || (exitCode === null && signal === null)) {
		if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(text)) {
			return {
				code: 'SSH_HOSTKEY_CHANGED',
				message: `ssh to ${where}: the host key has CHANGED since it was stored in known_hosts (possible man-in-the-middle); check it, then remove the old key with ssh-keygen -R`,
			};
		}
		if (/Host key verification failed|No \S+ host key is known/i.test(text)) {
			return {
				code: 'SSH_HOSTKEY_UNKNOWN',
				message: `ssh to ${where}: the host key is not known (not in known_hosts); connect once with: ssh ${where.replace(/^ssh:\/\//, '')}  and accept the key`,
			};
		}
		if (/Permission denied \(|Too many authentication failures|no more authentication methods|Authentication failed/i.test(text)) {
			return {
				code: 'SSH_AUTH',
				message: `ssh to ${where}: authentication failed (${said}); check the user and key (IdentityFile in ~/.ssh/config, or ssh-add the key to your agent)`,
			};
		}
		if (
			/Connection refused|No route to host|Network is unreachable|timed out|Could not resolve hostname|Name or service not known|Temporary failure in name resolution|Connection closed by|Connection reset/i.test(
				text,
			)
		) {
			return {code: 'SSH_UNREACHABLE', message: `ssh to ${where}: host unreachable: ${said.replace(/^ssh: /, '')}`};
		}
		return {
			code: 'SSH_FAILED',
			message: `ssh to ${where} failed${said ? `: ${said.replace(/^ssh: /, '')}` : ` (exit ${exitCode ?? signal})`}`,
		};
	}
	if (exitCode === 127 || /docker: (command )?not found|exec: "?docker"?: .*not found/i.test(text)) {
		return {
			code: 'SSH_NO_DOCKER',
			message: `ssh to ${where} works, but the remote account has no \`docker\` command (${said}); install the docker CLI there or put it on the PATH of non-interactive ssh sessions`,
		};
	}
	if (/permission denied/i.test(text)) {
		return {
			code: 'SSH_SOCKET_PERMISSION',
			message: `ssh to ${where} works, but the remote account may not use the Docker socket (${said}); add that user to the docker group on the remote host`,
		};
	}
	if (/dial-stdio|unknown command|is not a docker command/i.test(text) && !/dial (unix|tcp)/.test(text)) {
		return {
			code: 'SSH_DIAL_FAILED',
			message: `ssh to ${where} works, but the remote docker CLI cannot bridge to its engine (${said}); it needs docker 18.09 or later`,
		};
	}
	if (/dial (unix|tcp)|connect: |Cannot connect to the Docker daemon|no such file or directory|connection refused/i.test(text)) {
		return {
			code: 'SSH_ENGINE_DOWN',
			message: `ssh to ${where} works, but the Docker engine there is not running (${said}); is dockerd running on the remote host?`,
		};
	}
	return {
		code: 'SSH_DIAL_FAILED',
		message: `ssh to ${where}: the remote \`docker system dial-stdio\` ended (exit ${exitCode ?? signal})${said ? `: ${said}` : ''}`,
	};
}

type NodeError = Error & {code?: string; statusCode?: number; json?: unknown};

/** Node's TLS errors (and a TLS engine's answer to plain HTTP) as one line; null if not TLS. */
export function classifyTlsError(where: string, error: NodeError): TransportFailure | null {
	const code = error.code ?? '';
	const text = `${code} ${error.message ?? ''}`;
	if (
		/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED/.test(
			code,
		)
	) {
		return {
			code: 'TLS_UNTRUSTED',
			message: `TLS to ${where}: the engine's certificate is not signed by the CA you gave (${code}); check ca.pem (DOCKER_CERT_PATH or the context's TLS files)`,
		};
	}
	if (/ERR_TLS_CERT_ALTNAME_INVALID|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/.test(code)) {
		return {code: 'TLS_HOSTNAME', message: `TLS to ${where}: the engine's certificate does not fit (${error.message})`};
	}
	if (/CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|HANDSHAKE_FAILURE|ALERT_UNKNOWN_CA|certificate required/i.test(text)) {
		return {
			code: 'TLS_CLIENT_CERT',
			message: `TLS to ${where}: the engine refused the client: it requires a client certificate signed by its CA (put cert.pem and key.pem next to ca.pem in DOCKER_CERT_PATH or the context)`,
		};
	}
	if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|RECORD_LAYER_FAILURE/.test(text)) {
		return {
			code: 'TLS_NOT_TLS',
			message: `TLS to ${where}: the engine does not speak TLS on that port; use tcp:// without DOCKER_TLS_VERIFY, or the engine's TLS port`,
		};
	}
	const body = typeof error.json === 'string' ? error.json : error.message;
	if (error.statusCode === 400 && /HTTP request to an HTTPS server/i.test(body ?? '')) {
		return {
			code: 'TLS_REQUIRED',
			message: `${where} is a TLS port: the engine wants TLS; set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or use a context with TLS material)`,
		};
	}
	return null;
}
