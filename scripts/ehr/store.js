// The test EHR's storage for oidc-provider (its adapter interface): in memory, with expiry, and — what the library's
// own development adapter lacks — a way to find every grant of a patient, so the EHR can revoke them all at once
// (a patient withdrawing an app's access from the portal).

/** @typedef {Record<string, any>} Payload */

export class EhrStore {
	/** @type {Map<string, { payload: Payload, expiresAt: number }>} */
	#items = new Map();
	/** @type {Map<string, Set<string>>} grantId → keys of the tokens and codes issued under it */
	#grantMembers = new Map();
	/** @type {Map<string, string>} index key (session uid, user code) → item key */
	#index = new Map();

	/**
	 * The adapter oidc-provider constructs per model.
	 * @param {string} model
	 */
	adapterFor(model) {
		const keyOf = (/** @type {string} */ id) => `${model}:${id}`;
		return {
			/** @param {string} id @param {Payload} payload @param {number | undefined} expiresIn */
			upsert: async (id, payload, expiresIn) => {
				const key = keyOf(id);
				const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
				this.#items.set(key, { payload, expiresAt });
				if (payload.grantId) {
					const members = this.#grantMembers.get(payload.grantId) ?? new Set();
					members.add(key);
					this.#grantMembers.set(payload.grantId, members);
				}
				if (model === 'Session' && payload.uid) this.#index.set(`uid:${payload.uid}`, key);
				if (payload.userCode) this.#index.set(`userCode:${payload.userCode}`, key);
			},
			/** @param {string} id */
			find: async (id) => {
				return this.#get(keyOf(id));
			},
			/** @param {string} uid */
			findByUid: async (uid) => {
				const key = this.#index.get(`uid:${uid}`);
				return key ? this.#get(key) : undefined;
			},
			/** @param {string} userCode */
			findByUserCode: async (userCode) => {
				const key = this.#index.get(`userCode:${userCode}`);
				return key ? this.#get(key) : undefined;
			},
			/** @param {string} id */
			consume: async (id) => {
				const item = this.#get(keyOf(id));
				if (item) item.consumed = Math.floor(Date.now() / 1000);
			},
			/** @param {string} id */
			destroy: async (id) => {
				this.#items.delete(keyOf(id));
			},
			/** @param {string} grantId */
			revokeByGrantId: async (grantId) => {
				this.revokeGrant(grantId);
			}
		};
	}

	/** @param {string} key */
	#get(key) {
		const item = this.#items.get(key);
		if (!item) return undefined;
		if (item.expiresAt <= Date.now()) {
			this.#items.delete(key);
			return undefined;
		}
		return item.payload;
	}

	/**
	 * The ids of every stored grant of an account (a patient).
	 * @param {string} accountId
	 */
	grantIdsOf(accountId) {
		const ids = [];
		for (const [key, { payload }] of this.#items) {
			if (key.startsWith('Grant:') && payload.accountId === accountId) ids.push(key.slice(6));
		}
		return ids;
	}

	/**
	 * Removes a grant and everything issued under it: access and refresh tokens, unredeemed codes.
	 * @param {string} grantId
	 */
	revokeGrant(grantId) {
		for (const key of this.#grantMembers.get(grantId) ?? []) this.#items.delete(key);
		this.#grantMembers.delete(grantId);
		this.#items.delete(`Grant:${grantId}`);
	}
}
