import { generateFixtures } from './fixtures';

export default function globalSetup() {
	generateFixtures();
}
