package io.distill.student.rest;

import io.distill.server.models.ModelResource;
import io.distill.server.models.ModelStore;
import io.distill.server.models.OnnxExports;
import jakarta.ws.rs.Path;

/** The students this service trained: metadata and artifact bytes. */
@Path("/models")
public class StudentModels extends ModelResource {

    public StudentModels(ModelStore store, OnnxExports onnx) {
        super(store, onnx);
    }
}
