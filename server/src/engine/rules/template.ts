/** Fills `{name}` placeholders; unknown names stay visible so a broken template is noticed. */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([A-Za-z_$][\w$]*)\}/g, (all, name: string) => values[name] ?? all);
}
