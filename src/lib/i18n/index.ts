export {
	LOCALE_NAMES,
	locale,
	t,
	tn,
	type Locale,
	type LocaleChoice,
	type Message
} from './locale.svelte';
