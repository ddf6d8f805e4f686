import type { Resolvers } from '../generated/resolvers.ts';
import { BannerProposal } from './BannerProposal.ts';
import { ContentLink } from './ContentLink.ts';
import { ContentPage } from './ContentPage.ts';
import { ContentPageRelease } from './ContentPageRelease.ts';
import { ContentPageVersion } from './ContentPageVersion.ts';
import { ContentSlot } from './ContentSlot.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { RenderedPage } from './RenderedPage.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  ContentPage,
  ContentPageVersion,
  ContentPageRelease,
  ContentSlot,
  ContentLink,
  RenderedPage,
  BannerProposal,
};
