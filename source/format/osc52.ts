// Clipboard over the terminal: OSC 52 asks the terminal (not the machine docknet runs
// on) to set its clipboard, so `y` works over SSH. tmux passes it on when its
// `set-clipboard` option allows (the default "external" does for applications that
// write it directly; GNU screen needs the DCS passthrough).
export function osc52(text: string, env: NodeJS.ProcessEnv = process.env): string {
	const payload = Buffer.from(text, 'utf8').toString('base64');
	const sequence = `\u001b]52;c;${payload}\u0007`;
	if (env.TERM?.startsWith('screen') && !env.TMUX) return `\u001bP${sequence}\u001b\\`;
	return sequence;
}
