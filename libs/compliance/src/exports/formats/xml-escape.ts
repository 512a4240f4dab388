// Characters XML 1.0 forbids everywhere, even as character references: C0 controls other than tab, LF and CR,
// U+FFFE, U+FFFF and unpaired surrogates. They are replaced by U+FFFD rather than dropped, so that a reader
// sees that something unrepresentable was recorded there instead of a silently shortened value.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const replace = (value: string, special: RegExp): string => value.replace(NOT_XML, '\uFFFD').replace(special, (c) => REFERENCES[c]);

/** Element content. CR is written as a reference because a parser turns a literal CR into LF. */
export const xmlText = (value: string): string => replace(value, /[&<>"'\r]/g);

/** Attribute values. Tab, LF and CR too, since attribute-value normalisation would turn them into spaces. */
export const xmlAttr = (value: string): string => replace(value, /[&<>"'\t\n\r]/g);
