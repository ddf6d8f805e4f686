import { parseArgs } from 'node:util';
import {
  DEMO_SHOP_COUNT,
  demoPlatformStaffId,
  demoShopId,
  demoShopStaffId,
  loadConfig,
  PLATFORM_STAFF_ROLES,
  ROLES,
  SHOP_STAFF_ROLES,
  TokenService,
  type PlatformStaffRole,
  type Role,
  type ShopStaffRole,
} from '@zhongtai/kit';

/**
 * `pnpm token --role merchant --shop <id> [--staff <id> | --staff-role WAREHOUSE]`: prints a dev
 * token, alone on its last line. Staff tokens (admin, merchant) name a staff member: `--staff`
 * gives its id; `--staff-role` picks the seeded member of that role (of demo shop 1..6 for a
 * merchant, of the platform for an admin); neither picks the seeded OWNER / SUPER_ADMIN.
 */
const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'admin' },
    shop: { type: 'string' },
    member: { type: 'string' },
    staff: { type: 'string' },
    'staff-role': { type: 'string' },
    subject: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const fail = (message: string) => {
  console.error(message);
  process.exit(2);
};
const role = values.role!.toUpperCase() as Role;
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.map((r) => r.toLowerCase()).join(', ')}`);
if (role === 'MERCHANT' && !values.shop) fail('--shop <id> is required for a merchant token');
if (role === 'CUSTOMER' && !values.member) fail('--member <id> is required for a customer token');

let staffId = values.staff;
if (!staffId && (role === 'ADMIN' || role === 'MERCHANT')) {
  const staffRole = (values['staff-role'] ?? (role === 'ADMIN' ? 'SUPER_ADMIN' : 'OWNER')).toUpperCase();
  if (role === 'ADMIN') {
    if (!PLATFORM_STAFF_ROLES.includes(staffRole as PlatformStaffRole)) fail(`--staff-role for an admin must be one of ${PLATFORM_STAFF_ROLES.join(', ')}`);
    staffId = demoPlatformStaffId(staffRole as PlatformStaffRole);
  } else {
    if (!SHOP_STAFF_ROLES.includes(staffRole as ShopStaffRole)) fail(`--staff-role for a merchant must be one of ${SHOP_STAFF_ROLES.join(', ')}`);
    const n = Array.from({ length: DEMO_SHOP_COUNT }, (_, i) => i + 1).find((i) => demoShopId(i) === values.shop);
    if (!n) fail('--staff-role picks seeded staff of a demo shop; for another shop give --staff <id>');
    staffId = demoShopStaffId(n!, staffRole as ShopStaffRole);
  }
}
const config = loadConfig();
const tokens = new TokenService(config.jwtSecret, config.jwtMaxLifetimeSeconds);
const token = await tokens.sign({ role, shopId: values.shop, memberId: values.member, staffId, subject: values.subject, expiresIn: values.expires });
// The graph would refuse a token living longer than JWT_MAX_LIFETIME_SECONDS: say so now.
await tokens.verify(token).catch((error: Error) => {
  console.error(`--expires ${values.expires}: ${error.message} (JWT_MAX_LIFETIME_SECONDS=${config.jwtMaxLifetimeSeconds})`);
  process.exit(2);
});
console.error(`${role} token${staffId ? ` for staff ${staffId}` : ''}, valid ${values.expires}:`);
console.log(token);
