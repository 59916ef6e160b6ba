import { Workbox } from 'workbox-window';

/** Connectivity and the service worker's update prompt. */
class AppStatus {
	#online = $state(true);
	#updateWaiting = $state(false);
	get online() {
		return this.#online;
	}
	get updateWaiting() {
		return this.#updateWaiting;
	}
	#workbox: Workbox | null = null;

	start() {
		this.#online = navigator.onLine;
		window.addEventListener('online', () => (this.#online = true));
		window.addEventListener('offline', () => (this.#online = false));
		if ('serviceWorker' in navigator && !import.meta.env.DEV) {
			const wb = new Workbox('/service-worker.js', { type: 'classic' });
			wb.addEventListener('waiting', () => (this.#updateWaiting = true));
			// The new worker took over after the patient asked for it: load the new version.
			wb.addEventListener('controlling', (event) => {
				if (event.isUpdate) window.location.reload();
			});
			this.#workbox = wb;
			wb.register().catch(() => {
				// No service worker (private mode, an unsupported browser): the app still runs, online only.
			});
		}
	}

	applyUpdate() {
		this.#workbox?.messageSkipWaiting();
	}
}

export const appStatus = new AppStatus();
