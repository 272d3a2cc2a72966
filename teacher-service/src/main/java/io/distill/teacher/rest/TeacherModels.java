package io.distill.teacher.rest;

import io.distill.server.models.ModelResource;
import io.distill.server.models.ModelStore;
import io.distill.server.models.OnnxExports;
import jakarta.ws.rs.Path;

/** The teachers this service trained: metadata and artifact bytes. */
@Path("/models")
public class TeacherModels extends ModelResource {

    public TeacherModels(ModelStore store, OnnxExports onnx) {
        super(store, onnx);
    }
}
