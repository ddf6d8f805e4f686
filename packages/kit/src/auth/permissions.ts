/**
 * Who may do what: the staff roles of a shop and of the platform, and the one map from role to
 * permissions. Each center's SDL names the permission a mutation or a sensitive field needs
 * (`@requiresPermission(permission: "order:refund")`); the kit checks it against the current
 * role of the staff member the token names (looked up, not trusted from the token).
 */
export const PERMISSIONS = [
  /** Shop profile, status, creating shops. */
  'shop:manage',
  /** A shop's staff (a shop OWNER for their shop; platform operators for any). */
  'staff:manage',
  /** The platform's own staff: SUPER_ADMIN only. */
  'platform-staff:manage',
  /** Categories, brands, attributes, products and SKUs, their review and shelf status. */
  'catalog:write',
  'price:write',
  /** Warehouses, stock levels, inbound receipts, stocktakes, picking and packing. */
  'stock:write',
  /** Goods leave: shipping outbound orders and drop-ship notices, vouchers, dispatch retries. */
  'shipment:ship',
  /** Freight templates and carriers. */
  'logistics:write',
  'marketing:write',
  /** Members, their addresses, points and levels (platform customer service). */
  'member:write',
  'order:cancel',
  'order:refund',
  /** After-sale requests: approve or reject (a shop's), decide escalations (the platform's). */
  'aftersale:decide',
  /** Service tickets: answering, resolving (a shop's staff for their shop's; agents for all). */
  'ticket:handle',
  /** Remarks, address changes, presale plans. */
  'order:write',
  'procurement:write',
  'finance:read',
  /** Commission rates, settlement statements and payouts, reconciliation, adjusting entries (platform finance). */
  'finance:write',
  /** What goods cost the shop (cost prices): margins are kept from warehouse and service staff. */
  'cost:read',
  'audit:read',
  /** A shop's reply to a review of its products. */
  'review:reply',
  /** The platform's moderation of reviews: the word list, banned images, the queue, hiding and restoring. */
  'review:moderate',
  /** Storefront pages (运营中心): drafting, publishing, rolling back, deciding merchants' banner proposals. Platform only. */
  'content:write',
  /** Risk rules and blocklists (风控中心); releasing and cancelling orders held for review. Platform only. */
  'risk:manage',
  /** Rebuilding the analytics read model from the owning centers (BI 分析). Platform only. */
  'analytics:rebuild',
  /** Exporting sales (facts, summaries) as a file: a shop its own, the platform every shop's. */
  'analytics:export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const SHOP_STAFF_ROLES = ['OWNER', 'OPERATIONS', 'CUSTOMER_SERVICE', 'WAREHOUSE', 'FINANCE'] as const;
export type ShopStaffRole = (typeof SHOP_STAFF_ROLES)[number];

export const PLATFORM_STAFF_ROLES = ['SUPER_ADMIN', 'OPERATOR', 'CS_AGENT', 'FINANCE', 'AUDITOR'] as const;
export type PlatformStaffRole = (typeof PLATFORM_STAFF_ROLES)[number];

/** Permissions a shop's staff can ever hold (the rest are the platform's). */
const SHOP_SCOPE: readonly Permission[] = [
  'shop:manage',
  'staff:manage',
  'catalog:write',
  'price:write',
  'stock:write',
  'shipment:ship',
  'logistics:write',
  'marketing:write',
  'order:cancel',
  'order:refund',
  'aftersale:decide',
  'ticket:handle',
  'order:write',
  'procurement:write',
  'finance:read',
  'cost:read',
  'audit:read',
  'review:reply',
  'analytics:export',
];

export const SHOP_ROLE_PERMISSIONS: Readonly<Record<ShopStaffRole, readonly Permission[]>> = {
  OWNER: SHOP_SCOPE,
  OPERATIONS: [
    'catalog:write',
    'price:write',
    'cost:read',
    'marketing:write',
    'order:cancel',
    'order:write',
    'logistics:write',
    'procurement:write',
    'analytics:export',
  ],
  CUSTOMER_SERVICE: ['order:cancel', 'order:refund', 'aftersale:decide', 'ticket:handle', 'order:write', 'review:reply'],
  WAREHOUSE: ['stock:write', 'shipment:ship', 'logistics:write'],
  FINANCE: ['order:refund', 'finance:read', 'cost:read', 'analytics:export'],
};

export const PLATFORM_ROLE_PERMISSIONS: Readonly<Record<PlatformStaffRole, readonly Permission[]>> = {
  SUPER_ADMIN: PERMISSIONS,
  OPERATOR: PERMISSIONS.filter((p) => !['platform-staff:manage', 'order:refund', 'finance:read', 'finance:write'].includes(p)),
  CS_AGENT: ['order:cancel', 'order:refund', 'aftersale:decide', 'ticket:handle', 'order:write', 'member:write', 'review:moderate'],
  FINANCE: ['order:refund', 'finance:read', 'finance:write', 'cost:read'],
  AUDITOR: ['audit:read', 'finance:read', 'cost:read'],
};

export type StaffKind = 'SHOP' | 'PLATFORM';

/** A staff member as they stand now (from the shops center), not as their token was issued. */
export interface StaffStanding {
  id: string;
  kind: StaffKind;
  /** The shop they work for; null for platform staff. */
  shopId: string | null;
  role: ShopStaffRole | PlatformStaffRole;
  active: boolean;
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function hasPermission(staff: Pick<StaffStanding, 'kind' | 'role'>, permission: Permission): boolean {
  const granted = staff.kind === 'SHOP' ? SHOP_ROLE_PERMISSIONS[staff.role as ShopStaffRole] : PLATFORM_ROLE_PERMISSIONS[staff.role as PlatformStaffRole];
  return granted?.includes(permission) ?? false;
}
