package io.distill.core.data.formats;

/**
 * A user's data-set file that cannot be used; the message is a full sentence naming the file and what is wrong.
 *
 * <p>The REST layer answers it with a 400, so the message is written for the person who uploaded the file: it
 * names the file (or the entry inside an archive, as {@code archive.zip/train/cat/1.png}) and never a server path.
 */
public final class DatasetFileException extends IllegalArgumentException {

    private final String file;

    /**
     * @param file    the file or archive entry, as the user knows it
     * @param message a full sentence that names {@code file} and says what is wrong
     */
    public DatasetFileException(String file, String message) {
        super(message);
        this.file = file;
    }

    public DatasetFileException(String file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file or archive entry at fault. */
    public String file() {
        return file;
    }
}
