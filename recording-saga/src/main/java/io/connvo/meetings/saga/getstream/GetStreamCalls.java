package io.connvo.meetings.saga.getstream;

import io.connvo.meetings.api.RecordingConfig;

/**
 * The GetStream video operations the media saga needs. Every call is synchronous and idempotent on
 * GetStream's side for a given call id; every failure is a {@link GetStreamException} that says whether
 * a retry can help.
 */
public interface GetStreamCalls {

    /** Gets or creates call {@code default:<spec.callId>} with the spec's members and settings; returns its cid. */
    String getOrCreateCall(CallSpec spec);

    void startTranscription(String callId);

    void stopTranscription(String callId);

    /** Writes quality, layout and audio-only into the call's recording settings (they are not start parameters). */
    void applyRecordingSettings(String callId, RecordingConfig config);

    void startRecording(String callId);

    void stopRecording(String callId);

    /** Makes {@code userId} a member of the call (a member already is one). */
    void addMember(String callId, String userId);

    /**
     * Takes {@code userId} out of the call's members, blocks them in it (GetStream refuses their tokens for it until
     * {@link #unblockMember}) and kicks them out of a session they are in.
     */
    void removeAndBlockMember(String callId, String userId);

    /** Lifts {@link #removeAndBlockMember}'s block (an unblocked user stays unblocked). */
    void unblockMember(String callId, String userId);
}
