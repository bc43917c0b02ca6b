// Pure (no `vscode` import): what a command of the tree was given, shared by the main bundle and Compare.

/**
 * The items a command was given, or undefined when it was given none (the palette asks then). A tree passes
 * the clicked element and every selected one; a script passes keys as either argument.
 */
export function givenKeys(first: unknown, second: unknown): unknown[] | undefined {
  if (Array.isArray(second) && second.length > 0) return second;
  if (Array.isArray(first)) return first;
  if (first === undefined && second === undefined) return undefined;
  return [first];
}
