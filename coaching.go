package dialpad

// CoachingTeamsService reads coaching teams and adds members. Get it from
// Client.CoachingTeams.
type CoachingTeamsService service
