import { PAGE_SIZE, type DataSet } from './scenarios/index.ts';

const STATUSES = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'CLOSED'];

/**
 * The data set sampled through the graph itself, for embedded PGlite (no SQL connection from
 * outside its process). Fine for the demo data; on large data use DATABASE_URL.
 */
export async function dataSetFromGraph(url: string, adminToken: string): Promise<DataSet> {
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown };
    if (body.errors) throw new Error(`sampling the data set: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const orderWindows: DataSet['orderWindows'] = [];
  for (const status of STATUSES) {
    const nodes = (
      await gql(`query($s: OrderStatus!, $n: Int!) { orders(first: $n, filter: { status: $s }) { nodes { createdAt } } }`, { s: status, n: PAGE_SIZE + 10 })
    ).orders.nodes as { createdAt: string }[];
    if (nodes.length < PAGE_SIZE + 10) continue;
    orderWindows.push({ status, from: nodes.at(-1)!.createdAt, to: new Date(Date.parse(nodes[0]!.createdAt) + 1).toISOString() });
  }
  const d = await gql(`{
    orders(first: 100) { nodes { id } }
    shops(first: 20) { nodes { id } }
    spus(first: 100, filter: { status: ON_SALE }) { nodes { id } }
    members(first: 100) { nodes { id status } }
    skus(first: 100) { nodes { id status crossBorderMode spu { status productType } stock { available } } }
  }`);
  return {
    orderWindows,
    orderIds: d.orders.nodes.map((n: { id: string }) => n.id),
    merchantShopIds: d.shops.nodes.map((n: { id: string }) => n.id),
    onSaleSpuIds: d.spus.nodes.map((n: { id: string }) => n.id),
    memberIds: d.members.nodes.filter((n: { status: string }) => n.status === 'ACTIVE').map((n: { id: string }) => n.id),
    buyableSkuIds: d.skus.nodes
      // Domestic only: a cross-border SKU needs a buyer identity the placeOrder scenario does not send.
      .filter(
        (n: any) =>
          n.status === 'ACTIVE' && !n.crossBorderMode && n.spu.status === 'ON_SALE' && n.spu.productType === 'PHYSICAL' && (n.stock?.available ?? 0) >= 50,
      )
      .map((n: { id: string }) => n.id),
  };
}
