/// When the current request must be answered by, visible to the engine so that the image decode
/// (which cannot poll a cancellation flag) is given only what is left of the request's time.
enum RequestDeadline {
    @TaskLocal static var instant: ContinuousClock.Instant?

    /// Time left, never negative; nil outside a request.
    static var remaining: Duration? {
        instant.map { max(.zero, $0 - .now) }
    }
}
