import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A Radfolio server of a test's own (scripts/start.js, as `npm start` runs it), for tests that must stop it or
 * change what it serves without disturbing the shared one.
 */
export class OwnServer {
	#process: ChildProcess | null = null;
	readonly buildDir: string;
	readonly url: string;
	readonly #copied: boolean;
	readonly #env: Record<string, string>;
	readonly #ownData: string | null = null;
	/** Everything the server wrote to stdout and stderr, across restarts. */
	output = '';

	constructor(
		readonly port: number,
		options: { copyBuild?: boolean; env?: Record<string, string> } = {}
	) {
		this.#env = { ...options.env };
		if (!this.#env.RADFOLIO_DATA_DIR) {
			// Its own relay data, never the project's ./data.
			const generated = join(process.cwd(), 'tests', '.generated');
			mkdirSync(generated, { recursive: true });
			this.#ownData = mkdtempSync(join(generated, 'data-'));
			this.#env.RADFOLIO_DATA_DIR = this.#ownData;
		}
		this.url = `http://127.0.0.1:${port}`;
		this.#copied = Boolean(options.copyBuild);
		if (options.copyBuild) {
			// Inside the project, so the server's own imports (better-sqlite3) resolve from node_modules.
			const generated = join(process.cwd(), 'tests', '.generated');
			mkdirSync(generated, { recursive: true });
			this.buildDir = mkdtempSync(join(generated, 'build-'));
			cpSync('build', this.buildDir, { recursive: true });
		} else {
			this.buildDir = join(process.cwd(), 'build');
		}
	}

	async start() {
		this.#process = spawn(process.execPath, ['scripts/start.js'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				RADFOLIO_BUILD_DIR: this.buildDir,
				...this.#env
			},
			// Kept for tests to search (R7: no key, token or patient data in a server log) and shown on failure.
			stdio: ['ignore', 'pipe', 'pipe']
		});
		for (const stream of [this.#process.stdout, this.#process.stderr]) {
			stream?.on('data', (d: Buffer) => (this.output += d.toString()));
		}
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			// Exited (e.g. the port is still taken): whatever answers there is not this server.
			if (this.#process.exitCode !== null) {
				const taken = this.output.includes('EADDRINUSE')
					? ' (the port is taken by another process)'
					: '';
				throw new Error(`server on ${this.port} exited with ${this.#process.exitCode}${taken}`);
			}
			try {
				// Ours only once it says it listens: another process's server on the same port (a developer's, another
				// test run's) would answer too, and the test would then run against the wrong server.
				if (this.output.includes(`listening on ${this.url}`) && (await fetch(this.url)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`server on ${this.port} did not start`);
	}

	/** The server's process id while it runs (for its memory, in /proc). */
	get pid(): number {
		const pid = this.#process?.pid;
		if (!pid) throw new Error('not running');
		return pid;
	}

	async stop() {
		const child = this.#process;
		this.#process = null;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGKILL');
		await exited;
	}

	async dispose() {
		await this.stop();
		// Only ever the copy this server made: never the project's own build.
		if (this.#copied) rmSync(this.buildDir, { recursive: true, force: true });
		if (this.#ownData) rmSync(this.#ownData, { recursive: true, force: true });
	}
}
