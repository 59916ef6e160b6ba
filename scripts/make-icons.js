// Renders static/favicon.svg into the PNG icons the manifest lists, with Debian's Chromium. Run after changing the
// logo: node scripts/make-icons.js (the PNGs are committed; builds do not need Chromium).
import { chromium } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';

const svg = readFileSync('static/favicon.svg', 'utf8');
const maskable = svg
	.replace('rx="14"', 'rx="0"')
	.replace('<rect x="13"', '<rect x="16"')
	.replace('width="38" height="38"', 'width="32" height="32"')
	.replace('M24 44V20', 'M26 42V22');
mkdirSync('static/icons', { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage();
for (const [name, size, source] of [
	['icon-192.png', 192, svg],
	['icon-512.png', 512, svg],
	['apple-touch-icon-180.png', 180, maskable],
	['icon-maskable-512.png', 512, maskable]
]) {
	await page.setViewportSize({ width: size, height: size });
	await page.setContent(
		`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${source}`
	);
	await page.screenshot({ path: `static/icons/${name}`, omitBackground: true });
}
await browser.close();
