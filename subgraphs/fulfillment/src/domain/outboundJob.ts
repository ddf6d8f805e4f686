/** The job that asks the warehouse for a notice's outbound order (dispatch.ts runs it; customs' release schedules it too). */
export const REQUEST_OUTBOUND_JOB = 'requestOutbound';
