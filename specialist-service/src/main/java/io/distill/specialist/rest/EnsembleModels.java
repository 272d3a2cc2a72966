package io.distill.specialist.rest;

import io.distill.server.models.ModelResource;
import io.distill.server.models.ModelStore;
import io.distill.server.models.OnnxExports;
import jakarta.ws.rs.Path;

/** The ensembles this service built: metadata and the specialists' parameter bytes, with their SHA-256. */
@Path("/models")
public class EnsembleModels extends ModelResource {

    public EnsembleModels(ModelStore store, OnnxExports onnx) {
        super(store, onnx);
    }
}
