import { plainText } from '../markdown';

/**
 * Fills `{name}` placeholders; unknown names stay visible so a broken template is noticed. Values
 * come from log text: their control and bidi characters are neutralised (see plainText).
 */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([A-Za-z_$][\w$]*)\}/g, (all, name: string) => {
    const value = values[name];
    return value === undefined ? all : plainText(value);
  });
}
