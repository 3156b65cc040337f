package org.captchaws.image;

/** The file formats captcha images are written in: the extension decides the type the container serves. */
public enum ImageFormat {
    PNG(".png", "image/png"),
    GIF(".gif", "image/gif");

    private final String extension;
    private final String mediaType;

    ImageFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }
}
