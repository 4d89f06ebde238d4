package dialpad

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLineCountsSeats(t *testing.T) {
	t.Parallel()
	c := LineCounts{TalkLines: 4, SellLines: 2, ContactCenterLines: 1, RoomLines: 9}
	for _, tc := range []struct {
		license License
		want    int64
		ok      bool
	}{
		{LicenseTalk, 4, true},
		{LicenseAgents, 2, true},
		{LicenseLiteSupportAgents, 1, true},
		{LicenseAdmins, 0, false},
		{LicenseLiteLines, 0, false},
	} {
		n, ok := c.Seats(tc.license)
		assert.Equal(t, tc.want, n, tc.license)
		assert.Equal(t, tc.ok, ok, tc.license)
	}
}
