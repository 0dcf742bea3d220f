import ArgumentParser

/// `--method` of upscale, residual, bench and serve.
enum UpscaleMethod: String, ExpressibleByArgument, CaseIterable {
    /// The residual network (the shipped model of the scale, or `--model`).
    case model
    /// MATLAB's imresize bicubic.
    case bicubic
}
