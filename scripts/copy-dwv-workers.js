// dwv loads its decoders as ES-module workers from `<base>/assets/workers/*.worker.min.js`, so the app must serve
// them from its own origin (CSP: no third-party requests; offline: the service worker precaches static/).
// Copied on every install rather than committed: they follow whatever dwv version the lockfile pins.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules/dwv/dist/assets/workers');
const to = join(root, 'static/assets/workers');
if (!existsSync(from)) {
	console.log('copy-dwv-workers: dwv not installed yet, skipping');
	process.exit(0);
}
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
	if (name.endsWith('.min.js')) cpSync(join(from, name), join(to, name));
}
