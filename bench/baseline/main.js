// Baseline for P4: a plain HTTP GET of the plaintext DICOM files from the same server, then dwv renders them —
// what opening a share costs without encryption, the relay or verification. Built by Vite into the app's build
// copy for the benchmark only; never part of the app.
import { App, AppOptions, ViewConfig } from 'dwv';

window.renderPlain = async (urls) => {
	const files = await Promise.all(
		urls.map(async (url) => {
			const response = await fetch(url, { cache: 'no-store' });
			return {
				name: url.split('/').pop(),
				filename: url.split('/').pop(),
				data: await response.arrayBuffer()
			};
		})
	);
	const app = new App();
	app.init(new AppOptions({ '*': [new ViewConfig('stage')] }));
	await new Promise((resolve, reject) => {
		app.addEventListener('load', resolve);
		app.addEventListener('error', reject);
		app.loadImageObject(files);
	});
};
