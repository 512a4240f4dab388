/** The default of an exhaustive switch: a new variant fails to compile there, and a forged one fails loudly here. */
export const unreachable = (value: never): never => {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
};
