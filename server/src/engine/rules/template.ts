import { plainText } from '../markdown';

/**
 * Fills `{name}` placeholders; unknown names stay visible so a broken template is noticed. Values
 * come from log text: their control and bidi characters are neutralised (see plainText).
 * `{name|delay|delays}` is the word that agrees with the number in `name` ("1 delay", "2 delays").
 */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([A-Za-z_$][\w$]*)(?:\|([^{}|]*)\|([^{}|]*))?\}/g, (all, name: string, one?: string, many?: string) => {
    const value = values[name];
    if (value === undefined) return all;
    if (one !== undefined) return Number(value) === 1 ? one : many!;
    return plainText(value);
  });
}
