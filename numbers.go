package dialpad

// NumbersService assigns numbers to users and releases them. Get it from
// Client.Numbers.
type NumbersService service
