import { describe, expect, it } from 'vitest';
import {
	ACTIVE_DB_KEY,
	IMPORT_LOCK,
	RETIRED_DBS_KEY,
	SYNC_LOCK,
	deleteRetired,
	parseMessage,
	readRetired,
	replaceActive,
	type LockRequest,
	type SwitchEnv,
	type VaultMessage
} from './vault-switch';

/** Exclusive Web Locks as the browser grants them: first come, first served; ifAvailable never waits. */
function fakeLocks() {
	const held = new Set<string>();
	const queues = new Map<string, (() => void)[]>();
	const release = (name: string) => {
		const next = queues.get(name)?.shift();
		if (next) next();
		else held.delete(name);
	};
	const request: LockRequest = async (name, options, callback) => {
		if (held.has(name)) {
			if (options.ifAvailable) return callback(false);
			await new Promise<void>((resolve, reject) => {
				const grant = () => {
					options.signal?.removeEventListener('abort', onAbort);
					resolve();
				};
				const onAbort = () => {
					const queue = queues.get(name) ?? [];
					queue.splice(queue.indexOf(grant), 1);
					reject(new DOMException('aborted', 'AbortError'));
				};
				options.signal?.addEventListener('abort', onAbort, { once: true });
				queues.set(name, [...(queues.get(name) ?? []), grant]);
			});
		} else held.add(name);
		try {
			return await callback(true);
		} finally {
			release(name);
		}
	};
	/** Holds `name` until the returned function is called (another tab's import or sync). */
	const hold = async (name: string) => {
		let done!: () => void;
		const finished = new Promise<void>((resolve) => (done = resolve));
		let granted!: () => void;
		const started = new Promise<void>((resolve) => (granted = resolve));
		void request(name, {}, async () => {
			granted();
			await finished;
		});
		await started;
		return done;
	};
	return { request, hold, held };
}

function memoryStorage(initial: Record<string, string> = {}) {
	const map = new Map(Object.entries(initial));
	return {
		map,
		getItem: (k: string) => map.get(k) ?? null,
		setItem: (k: string, v: string) => void map.set(k, v)
	};
}

function env(overrides: Partial<SwitchEnv> = {}) {
	const posted: VaultMessage[] = [];
	const deleted: string[] = [];
	const locks = fakeLocks();
	const storage = memoryStorage();
	const e: SwitchEnv = {
		lock: locks.request,
		post: (m) => posted.push(m),
		storage,
		deleteDatabase: async (name) => void deleted.push(name),
		...overrides
	};
	return { env: e, posted, deleted, locks, storage };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('replaceActive', () => {
	it('with nothing running: tells the tabs to stop, switches, says which database, deletes the old one', async () => {
		const t = env();
		const order: string[] = [];
		const result = await replaceActive(t.env, {
			next: 'radfolio-new',
			current: 'radfolio',
			stopHere: () => order.push('stop'),
			switchHere: (persisted) => {
				order.push(`switch ${persisted}`);
				// Both locks are held while the switch happens: no import or sync anywhere.
				expect(t.locks.held.has(IMPORT_LOCK) && t.locks.held.has(SYNC_LOCK)).toBe(true);
				expect(t.storage.map.get(ACTIVE_DB_KEY)).toBe('radfolio-new');
			}
		});
		await tick();
		expect(result).toEqual({ persisted: true });
		expect(order).toEqual(['stop', 'switch true']);
		expect(t.posted).toEqual([
			{ v: 1, type: 'replacing' },
			{ v: 1, type: 'replaced', db: 'radfolio-new' }
		]);
		expect(t.deleted).toEqual(['radfolio']);
		expect(readRetired(t.storage)).toEqual([]);
	});

	it('with `prepare` (re-encrypt): holds both locks from the copy to the switch, so an import asked for meanwhile goes into the new vault', async () => {
		const t = env();
		const order: string[] = [];
		let importStarted: Promise<void> | null = null;
		await replaceActive(t.env, {
			next: 'radfolio-new',
			current: 'radfolio',
			prepare: async () => {
				order.push('copy');
				expect(t.locks.held.has(IMPORT_LOCK) && t.locks.held.has(SYNC_LOCK)).toBe(true);
				// The patient starts an import in another tab while the copy runs: it waits for the lock…
				importStarted = t.env.lock!(IMPORT_LOCK, {}, async () => {
					// …and, once it has it, the vault to write to is the new one.
					order.push(`import into ${t.storage.map.get(ACTIVE_DB_KEY)}`);
				});
				await tick();
				expect(t.posted).toEqual([]); // the other tabs keep reading while the copy runs
			},
			stopHere: () => order.push('stop'),
			switchHere: () => order.push('switch')
		});
		await importStarted;
		expect(order).toEqual(['copy', 'stop', 'switch', 'import into radfolio-new']);
	});

	it('with `prepare` failing: nothing is switched and the tabs were never told', async () => {
		const t = env();
		await expect(
			replaceActive(t.env, {
				next: 'radfolio-new',
				current: 'radfolio',
				prepare: () => Promise.reject(new Error('wrong passphrase')),
				stopHere: () => {},
				switchHere: () => {}
			})
		).rejects.toThrow('wrong passphrase');
		expect(t.posted).toEqual([]);
		expect(t.storage.map.get(ACTIVE_DB_KEY)).toBeUndefined();
		expect(t.locks.held.size).toBe(0);
	});

	it('waits for an import in another tab, says so, and tells the tabs only once the import is over', async () => {
		const t = env();
		const finishImport = await t.locks.hold(IMPORT_LOCK);
		const waits: string[] = [];
		const done = replaceActive(t.env, {
			next: 'radfolio-new',
			current: 'radfolio',
			onWait: (what) => waits.push(what),
			stopHere: () => {},
			switchHere: () => {}
		});
		await tick();
		expect(waits).toEqual(['import']);
		// Nothing yet: the importing tab writes on undisturbed into the vault that is still active.
		expect(t.posted).toEqual([]);
		expect(t.storage.map.get(ACTIVE_DB_KEY)).toBeUndefined();
		expect(t.deleted).toEqual([]);
		finishImport();
		await done;
		await tick();
		expect(t.posted.map((m) => m.type)).toEqual(['replacing', 'replaced']);
		expect(t.deleted).toEqual(['radfolio']);
	});

	it('cancelled while waiting for an import: nothing changes in any tab', async () => {
		const t = env();
		const finishImport = await t.locks.hold(IMPORT_LOCK);
		const cancel = new AbortController();
		let switched = false;
		const done = replaceActive(t.env, {
			next: 'radfolio-new',
			current: 'radfolio',
			signal: cancel.signal,
			stopHere: () => {},
			switchHere: () => (switched = true)
		});
		await tick();
		cancel.abort();
		await expect(done).rejects.toMatchObject({ name: 'AbortError' });
		finishImport();
		await tick();
		expect(switched).toBe(false);
		expect(t.posted).toEqual([]);
		expect(t.storage.map.get(ACTIVE_DB_KEY)).toBeUndefined();
		expect(t.deleted).toEqual([]);
		// The lock went back to the other tab's next import.
		expect(t.locks.held.has(IMPORT_LOCK)).toBe(false);
	});

	it('tells the tabs to stop before waiting for a sync, and switches once the sync let go', async () => {
		const t = env();
		const finishSync = await t.locks.hold(SYNC_LOCK);
		const waits: string[] = [];
		let switched = false;
		const done = replaceActive(t.env, {
			next: 'radfolio-new',
			current: 'radfolio',
			onWait: (what) => waits.push(what),
			stopHere: () => {},
			switchHere: () => (switched = true)
		});
		await tick();
		// The syncing tab hears 'replacing' and stops; until then nothing is switched.
		expect(t.posted).toEqual([{ v: 1, type: 'replacing' }]);
		expect(waits).toEqual(['sync']);
		expect(switched).toBe(false);
		finishSync();
		await done;
		expect(switched).toBe(true);
	});

	it('a deletion blocked by a tab that keeps the old database open stays listed, and is tried again later', async () => {
		let unblock!: () => void;
		const blocked = new Promise<void>((resolve) => (unblock = resolve));
		const t = env({ deleteDatabase: () => blocked });
		await replaceActive(t.env, {
			next: 'radfolio-new',
			current: 'radfolio',
			stopHere: () => {},
			switchHere: () => {}
		});
		await tick();
		expect(readRetired(t.env.storage)).toEqual(['radfolio']);
		unblock();
		await tick();
		expect(readRetired(t.env.storage)).toEqual([]);
	});

	it('when the storage refuses the new name, keeps the old database (other tabs and the next visit use it)', async () => {
		const t = env();
		const refusing = {
			getItem: t.storage.getItem,
			setItem: () => {
				throw new DOMException('quota', 'QuotaExceededError');
			}
		};
		const result = await replaceActive(
			{ ...t.env, storage: refusing },
			{ next: 'radfolio-new', current: 'radfolio', stopHere: () => {}, switchHere: () => {} }
		);
		await tick();
		expect(result).toEqual({ persisted: false });
		expect(t.deleted).toEqual([]);
		expect(t.posted.at(-1)).toEqual({ v: 1, type: 'replaced', db: 'radfolio' });
	});

	it('retires the database the storage names active, not a stale one this tab remembers', async () => {
		const t = env();
		t.storage.setItem(ACTIVE_DB_KEY, 'radfolio-b');
		await replaceActive(t.env, {
			next: 'radfolio-c',
			current: 'radfolio',
			stopHere: () => {},
			switchHere: () => {}
		});
		await tick();
		expect(t.deleted).toEqual(['radfolio-b']);
	});

	it('without Web Locks (one tab assumed) still stops, switches and deletes', async () => {
		const t = env({ lock: null });
		await replaceActive(t.env, {
			next: 'radfolio-new',
			current: 'radfolio',
			stopHere: () => {},
			switchHere: () => {}
		});
		await tick();
		expect(t.deleted).toEqual(['radfolio']);
	});
});

describe('deleteRetired', () => {
	it('never deletes the active database, even when listed', async () => {
		const t = env();
		t.storage.setItem(ACTIVE_DB_KEY, 'radfolio-x');
		t.storage.setItem(RETIRED_DBS_KEY, JSON.stringify(['radfolio-x', 'radfolio']));
		await deleteRetired(t.env);
		expect(t.deleted).toEqual(['radfolio']);
		expect(readRetired(t.storage)).toEqual([]);
	});

	it('keeps a name whose deletion failed, for the next start', async () => {
		const t = env({
			deleteDatabase: async () => {
				throw new Error('UnknownError');
			}
		});
		t.storage.setItem(RETIRED_DBS_KEY, JSON.stringify(['radfolio-old']));
		t.storage.setItem(ACTIVE_DB_KEY, 'radfolio-new');
		await deleteRetired(t.env);
		expect(readRetired(t.storage)).toEqual(['radfolio-old']);
	});

	it('reads a damaged list as empty', async () => {
		const t = env();
		t.storage.setItem(RETIRED_DBS_KEY, '{not json');
		await deleteRetired(t.env);
		expect(t.deleted).toEqual([]);
	});
});

describe('parseMessage', () => {
	it.each([
		[
			{ v: 1, type: 'replacing' },
			{ v: 1, type: 'replacing' }
		],
		[
			{ v: 1, type: 'replaced', db: 'radfolio-1' },
			{ v: 1, type: 'replaced', db: 'radfolio-1' }
		],
		[{ v: 2, type: 'replacing' }, null],
		[{ v: 1, type: 'replaced' }, null],
		[{ v: 1, type: 'replaced', db: '' }, null],
		[{ v: 1, type: 'delete-everything' }, null],
		['replacing', null],
		[null, null]
	])('%j → %j', (data, expected) => {
		expect(parseMessage(data)).toEqual(expected);
	});
});
