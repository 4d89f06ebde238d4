package dialpad

// DeskPhonesService manages users' desk phones. Get it from Client.DeskPhones.
type DeskPhonesService service

// UserDevicesService reads the devices users are signed in on. Get it from
// Client.UserDevices.
type UserDevicesService service
