/** 13800000001 -> 138****0001: enough for a merchant to recognise a buyer on the phone. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}
