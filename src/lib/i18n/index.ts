export {
	LOCALE_NAMES,
	locale,
	t,
	tn,
	tKnown,
	type Locale,
	type LocaleChoice,
	type Message
} from './locale.svelte';
