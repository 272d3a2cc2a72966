package io.distill.contract.events;

/** How a transfer set ended, as its {@link TransferSetManifest} says: written {@code "COMPLETE"} or {@code "FAILED"}. */
public enum TransferSetState {
    /** Every example is on {@code soft-targets}, between the manifest's offsets. */
    COMPLETE,
    /** The set cannot be made; the manifest's {@code error} says why. */
    FAILED
}
