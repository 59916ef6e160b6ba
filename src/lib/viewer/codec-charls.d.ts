// @cornerstonejs/codec-charls ships Emscripten factories without type declarations.
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
	const factory: (options?: { locateFile?: (path: string) => string }) => Promise<unknown>;
	export default factory;
}
declare module '@cornerstonejs/codec-charls/wasmjs' {
	const factory: (options?: { locateFile?: (path: string) => string }) => Promise<unknown>;
	export default factory;
}
