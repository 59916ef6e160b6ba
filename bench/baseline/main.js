// Baselines for P3 and P4: bare dwv rendering the same DICOM files the app shows — what opening a study or a share
// costs without the vault, encryption, the relay or verification. Built by Vite into the app's build copy for the
// benchmark only; never part of the app.
import { App, AppOptions, ViewConfig } from 'dwv';

const fetchFiles = (urls) =>
	Promise.all(
		urls.map(async (url) => ({
			name: url.split('/').pop(),
			filename: url.split('/').pop(),
			data: await (await fetch(url, { cache: 'no-store' })).arrayBuffer()
		}))
	);

async function render(files) {
	const app = new App();
	app.init(new AppOptions({ '*': [new ViewConfig('stage')] }));
	await new Promise((resolve, reject) => {
		app.addEventListener('load', resolve);
		app.addEventListener('error', reject);
		app.loadImageObject(files);
	});
}

/** P4: a plain GET of the files from the same server, then the render. */
window.renderPlain = async (urls) => render(await fetchFiles(urls));

/** P3: the files are fetched into memory first (`hold`, before the clock starts); then only the render is timed. */
let held = [];
window.hold = async (urls) => {
	held = await fetchFiles(urls);
};
window.renderHeld = () => render(held);
/** Renders once untimed, then clears the stage: the timed render then runs warm, as the app's later opens do. */
window.warmUp = async () => {
	await render(held);
	document.getElementById('stage').replaceChildren();
};
