import { es } from './es';

/**
 * The interface language: English, or Spanish. It follows the browser's languages unless the patient chose one in
 * Settings; the choice is kept in this browser's localStorage (it is not patient data, and the locked screen
 * needs it before any vault is open). Messages are written in English in the code, as `t('…')`: the English text
 * is the key, `es.ts` holds every one of them in Spanish (the type makes a missing one a compile error).
 */
export type Locale = 'en' | 'es';
export type LocaleChoice = Locale | 'browser';
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };
export type Message = keyof typeof es;

const STORAGE_KEY = 'radfolio.locale';

function fromBrowser(languages: readonly string[]): Locale {
	for (const tag of languages) {
		const language = tag.toLowerCase().split('-')[0];
		if (language === 'es') return 'es';
		if (language === 'en') return 'en';
	}
	return 'en';
}

function storedChoice(): LocaleChoice {
	try {
		const value = localStorage.getItem(STORAGE_KEY);
		return value === 'en' || value === 'es' ? value : 'browser';
	} catch {
		return 'browser';
	}
}

class LocaleState {
	#choice = $state<LocaleChoice>('browser');
	#current = $state<Locale>('en');
	get choice() {
		return this.#choice;
	}
	get current() {
		return this.#current;
	}

	/** Reads the saved choice and the browser's languages; sets the page's `lang`. */
	init() {
		this.#choice = storedChoice();
		this.#apply();
	}

	choose(choice: LocaleChoice) {
		this.#choice = choice;
		try {
			if (choice === 'browser') localStorage.removeItem(STORAGE_KEY);
			else localStorage.setItem(STORAGE_KEY, choice);
		} catch {
			// Private mode: the choice holds for this visit.
		}
		this.#apply();
	}

	/** The BCP 47 tag for Intl formatting: the browser's own region when it speaks the same language. */
	get tag(): string {
		const browser = typeof navigator === 'undefined' ? [] : navigator.languages;
		return browser.find((t) => t.toLowerCase().startsWith(this.#current)) ?? this.#current;
	}

	#apply() {
		const browser = typeof navigator === 'undefined' ? [] : navigator.languages;
		this.#current = this.#choice === 'browser' ? fromBrowser(browser) : this.#choice;
		if (typeof document !== 'undefined') document.documentElement.lang = this.#current;
	}
}

export const locale = new LocaleState();

/** A message in the interface language, with `{name}` placeholders filled in. */
export function t(message: Message, params: Record<string, string | number> = {}): string {
	const text: string = locale.current === 'es' ? es[message] : message;
	return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** `one` for a count of 1, `other` otherwise (both languages pluralise this way), `{n}` filled in. */
export function tn(
	n: number,
	one: Message,
	other: Message,
	params: Record<string, string | number> = {}
) {
	return t(n === 1 ? one : other, { n, ...params });
}

export { fromBrowser };
