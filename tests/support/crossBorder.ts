/** A valid PRC resident ID number (GB 11643 MOD 11-2 check character) for a sequence number: test identities. */
export function residentId(sequence: number): string {
  const first17 = `11010119900307${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
