import { parsePortalMessage, type PortalEnrollment, type RadfolioToPortal } from '$lib/embed';

/**
 * Radfolio framed by a provider's portal (src/lib/embed/protocol.ts): listens to its parent window only, keeps an
 * enrollment code it was given in memory (never stored) until the Providers page takes it, and answers the portal
 * at the origin it spoke from.
 */
class PortalLink {
	/** In a frame: the page says so and offers its own tab. */
	#embedded = $state(false);
	/** The portal's origin, once it has spoken (or as the browser reports the frame's parent). */
	#origin = $state<string | null>(null);
	/** An enrollment from the portal the Providers page has not taken yet. */
	#enrollment = $state.raw<PortalEnrollment | null>(null);
	get embedded() {
		return this.#embedded;
	}
	get origin() {
		return this.#origin;
	}
	get enrollment() {
		return this.#enrollment;
	}
	#started = false;

	start() {
		if (this.#started || window.parent === window) return;
		this.#started = true;
		this.#embedded = true;
		this.#origin = location.ancestorOrigins?.[0] ?? null;
		window.addEventListener('message', (event) => {
			// Only the parent: the browser framed us there because frame-ancestors allows its origin.
			if (event.source !== window.parent) return;
			const enrollment = parsePortalMessage(event.data);
			if (!enrollment) return;
			this.#origin = event.origin;
			this.#enrollment = enrollment;
			this.tell({ radfolio: 1, type: 'enrollment-received' });
		});
		// Carries nothing: safe for whichever origin the parent has.
		window.parent.postMessage({ radfolio: 1, type: 'ready' } satisfies RadfolioToPortal, '*');
	}

	/** The pending enrollment, once: the form that shows it owns it from then on. */
	take(): PortalEnrollment | null {
		const enrollment = this.#enrollment;
		this.#enrollment = null;
		return enrollment;
	}

	/** Tells the portal what became of its enrollment; nothing when not framed or the portal never spoke. */
	tell(message: RadfolioToPortal) {
		if (!this.#embedded || !this.#origin || this.#origin === 'null') return;
		window.parent.postMessage(message, this.#origin);
	}
}

export const portal = new PortalLink();
