import ResidualSRCore

/// The model loader on arbitrary bytes: the safetensors container, then the network built from it.
func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafeTensors.decode(bytes) else { return 0 }
    _ = try? ModelFile.network(from: file)
    return 0
}

runFuzzer(fuzzSafeTensors)
