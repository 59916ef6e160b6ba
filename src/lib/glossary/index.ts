export {
	GLOSSARY,
	explanation,
	findTerms,
	lookUp,
	type GlossaryEntry,
	type GlossaryMatch
} from './glossary';
export { GLOSSARY_VERSION } from './entries';
