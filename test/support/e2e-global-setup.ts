export default async (): Promise<void> => undefined;
