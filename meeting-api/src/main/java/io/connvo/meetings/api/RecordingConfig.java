package io.connvo.meetings.api;

/**
 * How a recording is made, as the startRecording seed describes it. Missing parts take the defaults
 * ({@code available}, video, {@code 720p}, {@code grid}).
 */
public record RecordingConfig(RecordingMode mode, Boolean audioOnly, RecordingQuality quality, RecordingLayout layout) {

    public RecordingConfig {
        mode = mode == null ? RecordingMode.AVAILABLE : mode;
        audioOnly = audioOnly != null && audioOnly;
        quality = quality == null ? RecordingQuality.P720 : quality;
        layout = layout == null ? RecordingLayout.GRID : layout;
    }

    public static RecordingConfig defaults() {
        return new RecordingConfig(null, null, null, null);
    }
}
