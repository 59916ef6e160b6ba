// The Cornerstone WASM codecs ship Emscripten factories without type declarations. The options are Emscripten's:
// where to find the .wasm file, and where the codec's own notes go.
type EmscriptenFactory = (options?: {
	locateFile?: (path: string) => string;
	print?: (text: string) => void;
	printErr?: (text: string) => void;
}) => Promise<unknown>;

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
	const factory: EmscriptenFactory;
	export default factory;
}
declare module '@cornerstonejs/codec-charls/wasmjs' {
	const factory: EmscriptenFactory;
	export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
	const factory: EmscriptenFactory;
	export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
	const factory: EmscriptenFactory;
	export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
	const factory: EmscriptenFactory;
	export default factory;
}
