import { optionalText, Problems, requiredText } from '@zhongtai/kit';

/** What a supplier is described by; every field optional on update. */
export interface SupplierFields {
  code?: string | null;
  name?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PHONE = /^\+?[0-9][0-9 -]{5,18}[0-9]$/;

/**
 * Checks the fields given (all of them on create, those present on update) and returns them
 * trimmed and normalised; a phone keeps only digits and a leading +.
 */
export function checkSupplierFields(problems: Problems, input: SupplierFields, creating: boolean): SupplierFields {
  const out: SupplierFields = {};
  const field = (name: string) => ['input', name];
  if (creating || input.code !== undefined) {
    const code = requiredText(problems, input.code, field('code'), 'Code', 32);
    if (code && problems.check(CODE.test(code), field('code'), 'INVALID', 'A code is letters, digits, "-" and "_"')) out.code = code;
  }
  if (creating || input.name !== undefined) out.name = requiredText(problems, input.name, field('name'), 'Name', 100);
  if (input.contactName !== undefined) out.contactName = optionalText(problems, input.contactName, field('contactName'), 'Contact name', 50);
  if (input.contactPhone !== undefined) {
    const phone = optionalText(problems, input.contactPhone, field('contactPhone'), 'Contact phone', 20);
    if (!phone) out.contactPhone = null;
    else if (phone.length <= 20 && problems.check(PHONE.test(phone), field('contactPhone'), 'INVALID', `"${phone}" is not a phone number`))
      out.contactPhone = phone.replace(/[ -]/g, '');
  }
  return out;
}
