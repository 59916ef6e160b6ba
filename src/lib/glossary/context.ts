import { getContext, setContext } from 'svelte';
import type { GlossaryEntry } from './glossary';

/** How marked words reach the explanation panel around them (WordExplainer.svelte). */
export interface Explainer {
	show(entry: GlossaryEntry, from: HTMLElement): void;
	readonly current: GlossaryEntry | null;
}

const KEY = Symbol('radfolio.glossary');

export const setExplainer = (explainer: Explainer) => setContext(KEY, explainer);
export const getExplainer = (): Explainer | undefined => getContext<Explainer | undefined>(KEY);
