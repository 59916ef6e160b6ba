import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { contentSecurityPolicy } from './src/lib/server/csp-policy.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Absolute asset paths: dwv resolves its decoder workers against document.baseURI once, and nested routes
		// must not turn that into /study/assets/workers/….
		paths: { relative: false },
		serviceWorker: { register: false },
		// A page's CSS inside its HTML shell: no stylesheet request holds up the first paint (a cold start's locked
		// screen, bench P9). The policy's style-src keeps 'unsafe-inline', so Kit adds no hashes for them.
		inlineStyleThreshold: Infinity,
		// Kit hashes its own inline boot script into this policy (a <meta> tag on prerendered shells, a header on
		// rendered pages); scripts/start.js sends the same policy as a header on every other response.
		csp: { mode: 'hash', directives: contentSecurityPolicy({ forMeta: true }) },
		version: { pollInterval: 0 }
	}
};

export default config;
