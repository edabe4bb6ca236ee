package io.connvo.meetings.saga.getstream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.connvo.meetings.api.MeetingId;
import io.connvo.meetings.api.RecordingConfig;
import io.connvo.meetings.api.error.Causes;
import io.connvo.meetings.saga.getstream.ConfiguredStreamHttpClient.HttpStatusFailure;
import io.getstream.exceptions.StreamException;
import io.getstream.models.BlockUserRequest;
import io.getstream.models.CallRequest;
import io.getstream.models.CallSettingsRequest;
import io.getstream.models.GetOrCreateCallRequest;
import io.getstream.models.KickUserRequest;
import io.getstream.models.LayoutSettingsRequest;
import io.getstream.models.LimitsSettingsRequest;
import io.getstream.models.MemberRequest;
import io.getstream.models.RecordSettingsRequest;
import io.getstream.models.StartRecordingRequest;
import io.getstream.models.StartTranscriptionRequest;
import io.getstream.models.StopRecordingRequest;
import io.getstream.models.StopTranscriptionRequest;
import io.getstream.models.TranscriptionSettingsRequest;
import io.getstream.models.UnblockUserRequest;
import io.getstream.models.UpdateCallMembersRequest;
import io.getstream.models.UpdateCallRequest;
import io.getstream.services.Video;
import io.getstream.services.framework.StreamSDKClient;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.observation.ObservationRegistry;

/** {@link GetStreamCalls} on the GetStream server SDK, every call through the one circuit breaker. */
public class StreamSdkCalls implements GetStreamCalls {

    private static final String AVAILABLE = "available";

    private final Video video;
    private final CircuitBreaker circuitBreaker;

    public StreamSdkCalls(GetStreamProperties properties, CircuitBreaker circuitBreaker) {
        this(properties, circuitBreaker, ObservationRegistry.NOOP);
    }

    /**
     * {@code observations} times and traces every HTTP call to GetStream. Built only with a key configured
     * ({@link GetStreamKeyConfigured} on its bean).
     */
    public StreamSdkCalls(GetStreamProperties properties, CircuitBreaker circuitBreaker, ObservationRegistry observations) {
        this.video = new StreamSDKClient(new ConfiguredStreamHttpClient(properties, observations)).video();
        this.circuitBreaker = circuitBreaker;
    }

    @Override
    public String getOrCreateCall(CallSpec spec) {
        List<MemberRequest> members = new ArrayList<>();
        members.add(MemberRequest.builder().userID(spec.hostId()).role("host").build());
        spec.memberIds().stream()
                .filter(id -> !id.equals(spec.hostId()))
                .forEach(id -> members.add(MemberRequest.builder().userID(id).build()));
        CallSettingsRequest settings = CallSettingsRequest.builder()
                .recording(RecordSettingsRequest.builder().mode(AVAILABLE).build())
                .transcription(TranscriptionSettingsRequest.builder().mode(AVAILABLE).build())
                .limits(LimitsSettingsRequest.builder()
                        .maxParticipants(spec.maxParticipants())
                        .maxDurationSeconds(Math.toIntExact(spec.maxDuration().toSeconds()))
                        .build())
                .build();
        GetOrCreateCallRequest request = GetOrCreateCallRequest.builder()
                .data(CallRequest.builder()
                        .createdByID(spec.hostId())
                        .members(members)
                        .settingsOverride(settings)
                        .build())
                .build();
        guarded("get-or-create call",
                () -> video.getOrCreateCall(MeetingId.GETSTREAM_CALL_TYPE, spec.callId(), request).execute());
        // The room is the call asked for: a cid in the answer is GetStream's text, not ours to store as an id.
        return new MeetingId(spec.callId()).getStreamCallCid();
    }

    @Override
    public void startTranscription(String callId) {
        startUnlessRunning("start transcription", "is already being transcribed",
                () -> video.startTranscription(MeetingId.GETSTREAM_CALL_TYPE, callId, StartTranscriptionRequest.builder().build()).execute());
    }

    @Override
    public void stopTranscription(String callId) {
        guarded("stop transcription",
                () -> video.stopTranscription(MeetingId.GETSTREAM_CALL_TYPE, callId, StopTranscriptionRequest.builder().build()).execute());
    }

    @Override
    public void applyRecordingSettings(String callId, RecordingConfig config) {
        RecordSettingsRequest recording = RecordSettingsRequest.builder()
                .mode(AVAILABLE)
                .audioOnly(config.audioOnly())
                .quality(config.quality().name().substring(1).toLowerCase(Locale.ROOT) + "p")
                .layout(LayoutSettingsRequest.builder().name(layoutName(config)).build())
                .build();
        UpdateCallRequest request = UpdateCallRequest.builder()
                .settingsOverride(CallSettingsRequest.builder().recording(recording).build())
                .build();
        guarded("apply recording settings", () -> video.updateCall(MeetingId.GETSTREAM_CALL_TYPE, callId, request).execute());
    }

    @Override
    public void startRecording(String callId) {
        startUnlessRunning("start recording", "is already being recorded",
                () -> video.startRecording(MeetingId.GETSTREAM_CALL_TYPE, callId, StartRecordingRequest.builder().build()).execute());
    }

    @Override
    public void stopRecording(String callId) {
        guarded("stop recording",
                () -> video.stopRecording(MeetingId.GETSTREAM_CALL_TYPE, callId, new StopRecordingRequest()).execute());
    }

    @Override
    public void addMember(String callId, String userId) {
        UpdateCallMembersRequest request = UpdateCallMembersRequest.builder()
                .updateMembers(List.of(MemberRequest.builder().userID(userId).build()))
                .build();
        guarded("add call member", () -> video.updateCallMembers(MeetingId.GETSTREAM_CALL_TYPE, callId, request).execute());
    }

    @Override
    public void removeAndBlockMember(String callId, String userId) {
        UpdateCallMembersRequest request = UpdateCallMembersRequest.builder().removeMembers(List.of(userId)).build();
        guarded("remove call member", () -> video.updateCallMembers(MeetingId.GETSTREAM_CALL_TYPE, callId, request).execute());
        guarded("block call member", () -> video.blockUser(MeetingId.GETSTREAM_CALL_TYPE, callId,
                BlockUserRequest.builder().userID(userId).build()).execute());
        // The block keeps them out from now on; the kick ends a session they may be in. A kick GetStream refuses (they
        // are not in the call) leaves nothing to end.
        try {
            guarded("kick call member", () -> video.kickUser(MeetingId.GETSTREAM_CALL_TYPE, callId,
                    KickUserRequest.builder().userID(userId).build()).execute());
        } catch (GetStreamException e) {
            if (e.retryable()) {
                throw e;
            }
        }
    }

    @Override
    public void unblockMember(String callId, String userId) {
        guarded("unblock call member", () -> video.unblockUser(MeetingId.GETSTREAM_CALL_TYPE, callId,
                UnblockUserRequest.builder().userID(userId).build()).execute());
    }

    /**
     * A recording or transcription that is already running counts as started: a start is repeated when the process
     * died after the provider started it but before the saga recorded that, and failing it would fail what is
     * running. GetStream says so only in the message of a 400 answer.
     */
    private void startUnlessRunning(String operation, String runningMessage, SdkCall<?> start) {
        try {
            guarded(operation, start);
        } catch (GetStreamException e) {
            if (!(Integer.valueOf(400).equals(e.status()) && e.getMessage().contains(runningMessage))) {
                throw e;
            }
        }
    }

    private static String layoutName(RecordingConfig config) {
        return switch (config.layout()) {
            case GRID -> "grid";
            case SPOTLIGHT -> "spotlight";
            case SINGLE_PARTICIPANT -> "single-participant";
        };
    }

    private <T> T guarded(String operation, SdkCall<T> call) {
        try {
            return circuitBreaker.executeSupplier(() -> {
                try {
                    return call.run();
                } catch (StreamException e) {
                    throw translate(operation, e);
                } catch (RuntimeException e) {
                    throw e instanceof GetStreamException g ? g
                            : new GetStreamException(operation, String.valueOf(e.getMessage()), false, null, e);
                }
            });
        } catch (CallNotPermittedException e) {
            throw GetStreamException.circuitOpen(operation);
        }
    }

    /** Maps the SDK's single exception type onto retryable or permanent. */
    static GetStreamException translate(String operation, StreamException e) {
        Optional<HttpStatusFailure> answered = Causes.find(e, HttpStatusFailure.class);
        if (answered.isPresent()) {
            return byStatus(operation, answered.get().status(), answered.get().getMessage(), e);
        }
        Integer status = e.getResponseData() == null ? null : e.getResponseData().getStatusCode();
        if (status != null) {
            return byStatus(operation, status, String.valueOf(e.getMessage()), e);
        }
        Optional<IOException> io = Causes.find(e, IOException.class);
        if (io.isPresent()) {
            String what = io.get() instanceof InterruptedIOException ? "timed out: " + io.get().getMessage()
                    : "unreachable: " + io.get();
            return new GetStreamException(operation, what, true, null, e);
        }
        // An answer the SDK could not read (a 2xx with a broken body): a proxy hiccup as likely as a bug.
        return new GetStreamException(operation, "unreadable answer: " + e.getMessage(), true, null, e);
    }

    private static GetStreamException byStatus(String operation, int status, String message, Throwable cause) {
        boolean retryable = status >= 500 || status == 429 || status == 408;
        return new GetStreamException(operation, message, retryable, status, cause);
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run() throws StreamException;
    }
}
