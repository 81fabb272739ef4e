curl -X POST \
  {{url}}/paylater/resend_block_otp \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "app_id": "string"
    "order_id" : "13"
  }'
