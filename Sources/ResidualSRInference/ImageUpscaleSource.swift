import ResidualSRCore
import ResidualSRImage

/// A decoded image feeds the pipeline directly: regions are converted to float tile by tile, so a
/// large input exists once, at its stored bit depth, and never as a whole float copy.
extension Image: UpscaleSource {} // floatRegion: ResidualSRImage/ImageConversion.swift
